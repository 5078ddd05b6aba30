"""Names for the synthetic caseload: children, families and staff.

Lists are grouped by the heritage a name is most common in, so that a child's recorded
ethnicity and name fit together as they would in an English city's caseload. None of the
first names is also an everyday English word (no April, May, Will, Hope ...) and none of
the surnames is a word the demo texts use, so a full name can only appear in a text where
the generator put it there on purpose (rule LOR-005).
"""

from __future__ import annotations

BOYS_BRITISH = (
    "Aaron Adam Aiden Alex Alfie Ali Andrew Anthony Archie Ashley Bailey Ben Billy Blake Bradley "
    "Brandon Callum Cameron Carl Charlie Chris Christopher Connor Corey Craig Curtis Dale Daniel "
    "Danny Darren Dean Declan Dexter Dominic Dylan Elliot Ellis Ethan Evan Ewan Finley Finn "
    "Frankie Freddie Gary George Harley Harrison Harry Harvey Hayden Henry Isaac Jack Jacob Jake "
    "Jamie James Jason Jay Jayden Joe Joel Jordan Joseph Josh Joshua Jude Kai Kane Karl Keiran "
    "Kenzie Kian Kieran Kyle Lee Leon Lewis Liam Logan Louie Luke Marcus Mason Matthew Max "
    "Michael Mitchell Morgan Nathan Neil Niall Nicholas Oliver Ollie Owen Paul Regan Reece Reuben "
    "Rhys Rio Riley Robbie Rory Ross Ryan Sam Samuel Scott Sean Sonny Spencer Stephen Steven "
    "Taylor Theo Thomas Tom Tommy Tony Travis Tristan Troy Tyler Tyrone Wayne Zach Zak Zane"
).split()
GIRLS_BRITISH = (
    "Abbie Abigail Alicia Alisha Amber Amelia Amy Anna Bethany Brooke Caitlin Casey Chantelle "
    "Charlotte Chelsea Chloe Courtney Danielle Demi Eleanor Ella Ellie Emily Emma Erin Gemma "
    "Georgia Hannah Hollie Imogen Isabel Jade Jasmine Jessica Jodie Kayleigh Kelsey Keeley Kirsty "
    "Lacey Laura Lauren Leah Libby Lucy Lydia Megan Melissa Mia Molly Naomi Natalie Niamh "
    "Olivia Paige Phoebe Rachel Rebecca Rhianna Robyn Ruby Sadie Samantha Sarah Shannon Sian "
    "Sophie Stacey Tegan Tia Tiffany Toni Victoria Zoe"
).split()
BOYS_CARIBBEAN = (
    "Andre Dwayne Jerome Kyron Leon Marlon Nathaniel Tyrell Tyreese Kemar Levi Malachi Jaden "
    "Omari Isaiah Jermaine Kaylen Dante Reon Shaquille Kareem Devon Elijah Ezra"
).split()
GIRLS_CARIBBEAN = "Aaliyah Kiara Shanice Tianna Jada Kaliyah Nia Aisha Shakira Keisha Tanisha Destiny".split()
SURNAMES_CARIBBEAN = (
    "Campbell Williams Francis Grant Henry Thompson Reid Clarke Brown Johnson Spence Stewart Lewis "
    "Bailey Morris Samuels Gayle Forbes Powell Robinson Gordon McDonald Anderson Blackwood"
).split()
SURNAMES_BRITISH = (
    "Adams Ainsworth Allen Andrews Armstrong Ashton Atkinson Bagshaw Bailey Baker Barker Barlow Barnes "
    "Barrett Bates Baxter Bennett Birch Bolton Booth Bradshaw Brennan Briggs Brooks Brown Buckley "
    "Burgess Burke Burns Butler Byrne Carroll Carter Chadwick Chapman Clarke Coates Collier "
    "Collins Connolly Cooper Corbett Cox Crawford Crossley Cunningham Dalton Daly Davies Dawson "
    "Dixon Dobson Donnelly Doyle Duffy Duncan Dunn Eccles Edwards Ellis Evans Farrell Fielding "
    "Finch Fisher Fitzgerald Fletcher Flynn Foster Fowler Gallagher Gibbons Gibson Gilbert Gill "
    "Glover Goodwin Gorman Graham Greenwood Griffiths Hacking Hadfield Hague Hamilton Hammond "
    "Hampson Harding Hardy Hargreaves Harris Harrison Hart Haslam Hayes Heaton Hewitt Higgins "
    "Hindley Hodgson Holden Hollins Holmes Hopkins Horrocks Houghton Howarth Hughes Hulme Hunt "
    "Hutchinson Jackson Jenkins Johnson Jones Kay Kearney Kelly Kennedy Kenyon Kershaw Kirkham "
    "Knowles Lamb Lawson Leach Leigh Lloyd Lomax Lord Lowe Lynch Mather McDermott McGrath McKenna "
    "Mellor Mills Mitchell Molloy Morgan Morris Morrison Murphy Murray Nolan Norris Nuttall "
    "Conway Oldham Owens Parker Parkinson Parry Pearson Pemberton Phillips Pickering Pollard "
    "Porter Potts Price Quinn Ramsden Reynolds Richards Richardson Riley Roberts Robertson Rogers "
    "Rowlands Ryan Schofield Scott Sharples Shaw Simpson Slater Smith Stanley Starkey Stevens "
    "Stott Sullivan Sutcliffe Swann Taylor Thomas Thompson Thornton Tierney Tomlinson Travers "
    "Tyldesley Wainwright Walsh Walton Warburton Watson Webster Whittaker Whitehead Wilkinson "
    "Williams Wilson Winstanley Worthington Wright Yates"
).split()
BOYS_SOUTH_ASIAN = (
    "Abdul Adnan Ahmed Amir Arif Ayaan Bilal Faisal Farhan Haider Hamza Haris Hassan Ibrahim "
    "Imran Irfan Ismail Junaid Kamran Mohammed Muhammad Mustafa Nabeel Omar Rayan Rehan Rizwan "
    "Saad Sajid Salman Shahid Shoaib Sufyan Tariq Umar Usman Waqas Yasir Yusuf Zain Zubair "
    "Arjun Rohan Kiran Sanjay Harpreet Gurpreet Jaspal Ravi Nikhil"
).split()
GIRLS_SOUTH_ASIAN = (
    "Aisha Alina Amina Anisa Ayesha Fatima Hafsa Hina Iqra Khadija Laiba Mariam Nadia Noor "
    "Rabia Sabrina Safa Sana Shazia Sidra Yasmin Zara Zainab Priya Simran Anjali"
).split()
SURNAMES_SOUTH_ASIAN = (
    "Ahmed Akhtar Ali Anwar Ashraf Aslam Begum Bibi Butt Chaudhry Hussain Iqbal Islam Javed Khan "
    "Mahmood Malik Mirza Mughal Nawaz Qureshi Rahman Rashid Raza Sadiq Shah Siddiqui Sheikh Uddin "
    "Yousaf Zaman Patel Sharma Singh Kaur Gill Sandhu Mistry Chauhan Miah Choudhury"
).split()
BOYS_AFRICAN = (
    "Abdullahi Adebayo Chidi Chinedu Emeka Femi Ikenna Kwame Kofi Obinna Olu Samuel Tobi Tunde "
    "Yaw Daniel David Emmanuel Joshua Precious Mohamed Abdi Hamse Liban Mahad"
).split()
GIRLS_AFRICAN = "Abena Adaeze Amara Chiamaka Esther Grace Ifeoma Ngozi Tolu Zainab Hodan Ifrah Sagal Ruth".split()
SURNAMES_AFRICAN = (
    "Adeyemi Afolabi Akinola Amadi Asante Boateng Chukwu Danso Eze Mensah Nwosu Obi Ogunleye "
    "Okafor Okeke Okonkwo Oyelaran Owusu Yeboah Abdi Ahmed Farah Hassan Mohamud Nur Osman Warsame"
).split()
BOYS_EAST_EUROPEAN = (
    "Adrian Bartek Dawid Dominik Filip Jakub Kacper Kamil Lukasz Marcel Mateusz Michal Oskar "
    "Patryk Piotr Szymon Tomasz Wiktor Andrei Bogdan Darius Ionut Marius Vlad Tomas"
).split()
GIRLS_EAST_EUROPEAN = "Agata Alicja Julia Karolina Kinga Natalia Oliwia Weronika Zuzanna Ioana Andreea Bianca".split()
SURNAMES_EAST_EUROPEAN = (
    "Nowak Wojcik Kowalczyk Mazur Krawczyk Zielinski Szymanski Lewandowski Dabrowski Pawlak "
    "Sikora Baran Duda Popescu Ionescu Dumitru Stan Munteanu Balogh Horvath Kovacs Novak"
).split()
BOYS_TRAVELLER = "Johnny Patrick Martin Jimmy Mikey Francie Bernie Tommy".split()
GIRLS_TRAVELLER = "Bridget Kathleen Margaret Shauna Siobhan Tina".split()
SURNAMES_TRAVELLER = "McDonagh Ward Connors Joyce Maughan Doherty Cash Delaney Gaskin".split()
BOYS_CHINESE = "Jian Ming Wei Hao Kevin Jason Eric".split()
GIRLS_CHINESE = "Mei Lin Xin Jenny Amy".split()
SURNAMES_CHINESE = "Chen Wong Li Zhang Liu Lam Cheung Ng".split()
BOYS_ARAB = "Ahmad Karim Khalid Mahmoud Nasser Saif Youssef Hussein".split()
GIRLS_ARAB = "Layla Mariam Nour Rania Salma Yara".split()
SURNAMES_ARAB = "Abdullah Haddad Hamdan Mansour Nasser Saleh Suleiman Zaidan".split()

# ethnicity as recorded, weight, (boys, girls, surnames) name pools.
_B = (BOYS_BRITISH, GIRLS_BRITISH, SURNAMES_BRITISH)
_CAR = (
    BOYS_CARIBBEAN + BOYS_BRITISH[:60],
    GIRLS_CARIBBEAN + GIRLS_BRITISH[:30],
    SURNAMES_CARIBBEAN + SURNAMES_BRITISH[:40],
)
ETHNICITIES: tuple[tuple[str, int, tuple[list[str], list[str], list[str]]], ...] = (
    ("White British", 560, _B),
    ("White Irish", 12, (BOYS_BRITISH, GIRLS_BRITISH, SURNAMES_BRITISH[:80])),
    ("Gypsy or Irish Traveller", 12, (BOYS_TRAVELLER, GIRLS_TRAVELLER, SURNAMES_TRAVELLER)),
    ("White other (Polish)", 22, (BOYS_EAST_EUROPEAN, GIRLS_EAST_EUROPEAN, SURNAMES_EAST_EUROPEAN[:14])),
    ("White other (Romanian)", 10, (BOYS_EAST_EUROPEAN[18:], GIRLS_EAST_EUROPEAN[9:], SURNAMES_EAST_EUROPEAN[14:])),
    ("Mixed: White and Black Caribbean", 80, _CAR),
    (
        "Mixed: White and Black African",
        15,
        (BOYS_AFRICAN + BOYS_BRITISH[:40], GIRLS_AFRICAN + GIRLS_BRITISH[:20], SURNAMES_BRITISH),
    ),
    (
        "Mixed: White and Asian",
        12,
        (BOYS_SOUTH_ASIAN + BOYS_BRITISH[:40], GIRLS_SOUTH_ASIAN + GIRLS_BRITISH[:20], SURNAMES_BRITISH),
    ),
    ("Mixed: other", 15, _B),
    (
        "Asian or Asian British: Pakistani",
        70,
        (BOYS_SOUTH_ASIAN[:43], GIRLS_SOUTH_ASIAN[:23], SURNAMES_SOUTH_ASIAN[:31]),
    ),
    (
        "Asian or Asian British: Bangladeshi",
        18,
        (BOYS_SOUTH_ASIAN[:43], GIRLS_SOUTH_ASIAN[:23], SURNAMES_SOUTH_ASIAN[-12:] + SURNAMES_SOUTH_ASIAN[:8]),
    ),
    (
        "Asian or Asian British: Indian",
        10,
        (BOYS_SOUTH_ASIAN[43:], GIRLS_SOUTH_ASIAN[23:], SURNAMES_SOUTH_ASIAN[31:40]),
    ),
    (
        "Black or Black British: Caribbean",
        40,
        (BOYS_CARIBBEAN + BOYS_BRITISH[:30], GIRLS_CARIBBEAN + GIRLS_BRITISH[:15], SURNAMES_CARIBBEAN),
    ),
    ("Black or Black British: African", 50, (BOYS_AFRICAN, GIRLS_AFRICAN, SURNAMES_AFRICAN[:19])),
    (
        "Black or Black British: Somali",
        14,
        (BOYS_AFRICAN[-5:] + BOYS_SOUTH_ASIAN[:10], GIRLS_AFRICAN[-5:], SURNAMES_AFRICAN[19:]),
    ),
    ("Chinese", 5, (BOYS_CHINESE, GIRLS_CHINESE, SURNAMES_CHINESE)),
    ("Arab", 10, (BOYS_ARAB, GIRLS_ARAB, SURNAMES_ARAB)),
    ("Not stated", 25, _B),
)

# Adults: staff, social workers, siblings' names are drawn from the children's lists.
STAFF_FIRST = (
    "Alison Amanda Andrea Angela Anne Barbara Carol Caroline Catherine Clare Claire Deborah "
    "Denise Diane Donna Elaine Fiona Gillian Helen Jacqueline Jane Janet Joanne Julie Karen "
    "Kate Kerry Lesley Linda Lisa Louise Lynn Maria Michelle Nicola Rachel Ruth Sally Sandra "
    "Sharon Susan Tracey Yvonne Shabana Nasreen Farzana Parveen Beverley Marcia Abdul Andy "
    "Barry Brian Colin Darren Dave Gareth Gavin Graham Ian Jim John Keith Kevin Lee Mark "
    "Martin Matt Mike Neil Nick Pete Phil Richard Rob Russell Simon Steve Stuart Tim Trevor "
    "Wesley Zahid Tariq Delroy Winston Emeka Kwabena"
).split()
STAFF_SURNAMES = SURNAMES_BRITISH + SURNAMES_SOUTH_ASIAN[:20] + SURNAMES_CARIBBEAN[:12] + SURNAMES_AFRICAN[:8]

TEAM_AREAS = (
    "North",
    "South",
    "Central",
    "East",
    "West",
    "City Centre",
    "Wythenshawe",
    "Gorton",
    "Harpurhey",
    "Longsight",
    "Moss Side",
    "Cheetham",
    "Openshaw",
    "Withington",
    "Baguley",
    "Blackley",
    "Ardwick",
    "Hulme",
    "Didsbury",
    "Crumpsall",
)
